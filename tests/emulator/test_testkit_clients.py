"""The test kit hands out one boto3 client per set of arguments (building one costs 30-50 ms of CPU)."""


def test_the_same_arguments_give_the_same_client_and_other_arguments_another(sandbox):
    first = sandbox.client("sesv2")
    assert sandbox.client("sesv2") is first
    assert sandbox.client("sesv2", region="us-east-1") is first
    others = [
        sandbox.client("sesv2", region="eu-west-1"),
        sandbox.client("sesv2", account="111111111111"),
        sandbox.client("sesv2", validate=False),
        sandbox.client("sesv2", retries=5),
        sandbox.client("sesv2", aws_access_key_id="other", aws_secret_access_key="other"),
        sandbox.client("route53"),
    ]
    assert len({id(client) for client in [first] + others}) == 7
    assert others[0].meta.region_name == "eu-west-1"
    assert others[3].meta.config.retries["total_max_attempts"] == 5
    # a cached client still talks to the sandbox after a reset
    sandbox.reset()
    assert first.list_email_identities()["EmailIdentities"] == []
