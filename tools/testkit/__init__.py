"""Start and stop the services mailops.ses is tested against: the AWS sandbox and a real BIND."""
