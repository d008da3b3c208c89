"""A local AWS sandbox for mailops.ses, built on moto's server.

moto covers Route 53, CloudWatch, SNS and STS well but most of the SES v2 API
this collection needs is missing or wrong.  This package registers its own
SES v2 handlers and state into moto's backends, makes Route 53 change batches
as strict as the real API, and adds fault injection and API accounting.
"""
