"""Configuration sets, event destinations, contact lists, account and sending in the sandbox."""

import pytest
from botocore.exceptions import ClientError
from testkit.aws import add_records
from testkit.aws import error_code as code


@pytest.fixture
def ses(clean_sandbox):
    return clean_sandbox.client("sesv2")


CLOUDWATCH = {
    "Enabled": True,
    "MatchingEventTypes": ["SEND", "DELIVERY", "BOUNCE", "COMPLAINT"],
    "CloudWatchDestination": {
        "DimensionConfigurations": [{"DimensionName": "ses:from-domain", "DimensionValueSource": "MESSAGE_TAG", "DefaultDimensionValue": "example.com"}]
    },
}


def test_configuration_set_options_round_trip(ses):
    ses.create_configuration_set(
        ConfigurationSetName="marketing",
        TrackingOptions={"CustomRedirectDomain": "click.example.com", "HttpsPolicy": "REQUIRE"},
        DeliveryOptions={"TlsPolicy": "REQUIRE", "MaxDeliverySeconds": 600},
        ReputationOptions={"ReputationMetricsEnabled": True},
        SendingOptions={"SendingEnabled": True},
        SuppressionOptions={"SuppressedReasons": ["BOUNCE"]},
        Tags=[{"Key": "use", "Value": "marketing"}],
    )
    got = ses.get_configuration_set(ConfigurationSetName="marketing")
    assert got["TrackingOptions"] == {"CustomRedirectDomain": "click.example.com", "HttpsPolicy": "REQUIRE"}
    assert got["DeliveryOptions"] == {"TlsPolicy": "REQUIRE", "MaxDeliverySeconds": 600}
    assert got["ReputationOptions"]["ReputationMetricsEnabled"] is True
    assert got["SendingOptions"] == {"SendingEnabled": True}
    assert got["SuppressionOptions"]["SuppressedReasons"] == ["BOUNCE"]
    ses.put_configuration_set_sending_options(ConfigurationSetName="marketing", SendingEnabled=False)
    ses.put_configuration_set_reputation_options(ConfigurationSetName="marketing", ReputationMetricsEnabled=False)
    ses.put_configuration_set_suppression_options(ConfigurationSetName="marketing", SuppressedReasons=[])
    ses.put_configuration_set_tracking_options(ConfigurationSetName="marketing")
    ses.put_configuration_set_delivery_options(ConfigurationSetName="marketing", TlsPolicy="OPTIONAL")
    ses.put_configuration_set_vdm_options(ConfigurationSetName="marketing", VdmOptions={"DashboardOptions": {"EngagementMetrics": "ENABLED"}})
    got = ses.get_configuration_set(ConfigurationSetName="marketing")
    assert got["SendingOptions"] == {"SendingEnabled": False}
    assert got["ReputationOptions"]["ReputationMetricsEnabled"] is False
    assert got["SuppressionOptions"]["SuppressedReasons"] == []
    assert "TrackingOptions" not in got
    assert got["DeliveryOptions"] == {"TlsPolicy": "OPTIONAL"}
    assert got["VdmOptions"] == {"DashboardOptions": {"EngagementMetrics": "ENABLED"}}


def test_configuration_set_errors(ses):
    ses.create_configuration_set(ConfigurationSetName="a")
    with pytest.raises(ClientError) as exc:
        ses.create_configuration_set(ConfigurationSetName="a")
    assert code(exc) == "AlreadyExistsException"
    for call in (
        lambda: ses.get_configuration_set(ConfigurationSetName="b"),
        lambda: ses.delete_configuration_set(ConfigurationSetName="b"),
        lambda: ses.put_configuration_set_sending_options(ConfigurationSetName="b", SendingEnabled=True),
        lambda: ses.get_configuration_set_event_destinations(ConfigurationSetName="b"),
    ):
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "NotFoundException"
    with pytest.raises(ClientError) as exc:
        ses.put_configuration_set_suppression_options(ConfigurationSetName="a", SuppressedReasons=["SPAM"])
    assert code(exc) == "BadRequestException"


def test_configuration_set_listing_pages(ses):
    for index in range(3):
        ses.create_configuration_set(ConfigurationSetName=f"cs{index}")
    first = ses.list_configuration_sets(PageSize=2)
    second = ses.list_configuration_sets(PageSize=2, NextToken=first["NextToken"])
    assert first["ConfigurationSets"] + second["ConfigurationSets"] == ["cs0", "cs1", "cs2"]


@pytest.mark.parametrize(
    "destination",
    [
        CLOUDWATCH,
        {"Enabled": True, "MatchingEventTypes": ["BOUNCE"], "SnsDestination": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t"}},
        {
            "Enabled": False,
            "MatchingEventTypes": ["SEND"],
            "KinesisFirehoseDestination": {
                "IamRoleArn": "arn:aws:iam::123456789012:role/f",
                "DeliveryStreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/s",
            },
        },
        {"Enabled": True, "MatchingEventTypes": ["SEND"], "EventBridgeDestination": {"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/default"}},
        {"Enabled": True, "MatchingEventTypes": ["OPEN"], "PinpointDestination": {"ApplicationArn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/x"}},
    ],
)
def test_event_destination_lifecycle(ses, destination):
    ses.create_configuration_set(ConfigurationSetName="cs")
    ses.create_configuration_set_event_destination(ConfigurationSetName="cs", EventDestinationName="d", EventDestination=destination)
    got = ses.get_configuration_set_event_destinations(ConfigurationSetName="cs")["EventDestinations"]
    assert got == [dict(destination, Name="d")]
    with pytest.raises(ClientError) as exc:
        ses.create_configuration_set_event_destination(ConfigurationSetName="cs", EventDestinationName="d", EventDestination=destination)
    assert code(exc) == "AlreadyExistsException"
    changed = dict(destination, Enabled=not destination["Enabled"])
    ses.update_configuration_set_event_destination(ConfigurationSetName="cs", EventDestinationName="d", EventDestination=changed)
    assert ses.get_configuration_set_event_destinations(ConfigurationSetName="cs")["EventDestinations"][0]["Enabled"] is changed["Enabled"]
    ses.delete_configuration_set_event_destination(ConfigurationSetName="cs", EventDestinationName="d")
    assert ses.get_configuration_set_event_destinations(ConfigurationSetName="cs")["EventDestinations"] == []
    for call in (
        lambda: ses.delete_configuration_set_event_destination(ConfigurationSetName="cs", EventDestinationName="d"),
        lambda: ses.update_configuration_set_event_destination(ConfigurationSetName="cs", EventDestinationName="d", EventDestination=destination),
    ):
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "NotFoundException"


def test_event_destination_needs_exactly_one_target(ses):
    ses.create_configuration_set(ConfigurationSetName="cs")
    two = dict(CLOUDWATCH, SnsDestination={"TopicArn": "arn:aws:sns:us-east-1:123456789012:t"})
    none = {"Enabled": True, "MatchingEventTypes": ["SEND"]}
    for destination in (two, none):
        with pytest.raises(ClientError) as exc:
            ses.create_configuration_set_event_destination(ConfigurationSetName="cs", EventDestinationName="d", EventDestination=destination)
        assert code(exc) == "BadRequestException"


def test_contact_list_keeps_topics_and_description(ses):
    topics = [{"TopicName": "news", "DisplayName": "News", "Description": "Monthly news", "DefaultSubscriptionStatus": "OPT_OUT"}]
    ses.create_contact_list(ContactListName="main", Topics=topics, Description="all customers")
    got = ses.get_contact_list(ContactListName="main")
    assert got["Topics"] == topics and got["Description"] == "all customers"
    with pytest.raises(ClientError) as exc:
        ses.create_contact_list(ContactListName="main")
    assert code(exc) == "AlreadyExistsException"
    with pytest.raises(ClientError) as exc:
        ses.create_contact_list(ContactListName="second")
    assert code(exc) == "LimitExceededException"
    ses.update_contact_list(ContactListName="main", Topics=[], Description="changed")
    got = ses.get_contact_list(ContactListName="main")
    assert got["Topics"] == [] and got["Description"] == "changed"
    assert [c["ContactListName"] for c in ses.list_contact_lists()["ContactLists"]] == ["main"]
    ses.delete_contact_list(ContactListName="main")
    with pytest.raises(ClientError) as exc:
        ses.get_contact_list(ContactListName="main")
    assert code(exc) == "NotFoundException"


def test_account_calls(clean_sandbox, ses):
    account = ses.get_account()
    assert account["ProductionAccessEnabled"] is False
    assert account["SendQuota"]["Max24HourSend"] == 200.0
    assert account["SuppressionAttributes"]["SuppressedReasons"] == ["BOUNCE", "COMPLAINT"]
    assert "Details" not in account
    ses.put_account_details(
        MailType="TRANSACTIONAL",
        WebsiteURL="https://example.com",
        UseCaseDescription="Receipts for orders",
        ContactLanguage="EN",
        AdditionalContactEmailAddresses=["ops@example.com"],
    )
    details = ses.get_account()["Details"]
    assert details["MailType"] == "TRANSACTIONAL" and details["WebsiteURL"] == "https://example.com"
    assert details["AdditionalContactEmailAddresses"] == ["ops@example.com"]
    assert details["ReviewDetails"]["Status"] == "PENDING" and details["ReviewDetails"]["CaseId"]
    ses.put_account_sending_attributes(SendingEnabled=False)
    ses.put_account_suppression_attributes(SuppressedReasons=["COMPLAINT"])
    ses.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "ENABLED", "DashboardAttributes": {"EngagementMetrics": "ENABLED"}})
    account = ses.get_account()
    assert account["SendingEnabled"] is False
    assert account["SuppressionAttributes"]["SuppressedReasons"] == ["COMPLAINT"]
    assert account["VdmAttributes"]["VdmEnabled"] == "ENABLED"
    clean_sandbox.review("GRANTED")
    account = ses.get_account()
    assert account["ProductionAccessEnabled"] is True and account["SendQuota"]["Max24HourSend"] == 50000.0
    with pytest.raises(ClientError) as exc:
        ses.put_account_details(MailType="MARKETING", WebsiteURL="https://example.com")
    assert code(exc) == "ConflictException"
    with pytest.raises(ClientError) as exc:
        ses.put_account_details(MailType="BULK", WebsiteURL="https://example.com")
    assert code(exc) == "BadRequestException"


def _verified_domain(sandbox, ses, domain="example.com"):
    r53 = sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name=domain, CallerReference=domain)["HostedZone"]["Id"]
    tokens = ses.create_email_identity(EmailIdentity=domain)["DkimAttributes"]["Tokens"]
    add_records(r53, zone_id, [(f"{t}._domainkey.{domain}", "CNAME", [f"{t}.dkim.amazonses.com"]) for t in tokens])
    assert ses.get_email_identity(EmailIdentity=domain)["VerifiedForSendingStatus"] is True


def _send(ses, to, sender="news@example.com", **extra):
    return ses.send_email(
        FromEmailAddress=sender, Destination={"ToAddresses": to}, Content={"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}}}, **extra
    )


def test_send_email_rejects_unverified_and_unknown_configuration_set(clean_sandbox, ses):
    with pytest.raises(ClientError) as exc:
        _send(ses, ["success@simulator.amazonses.com"])
    assert code(exc) == "MessageRejected"
    _verified_domain(clean_sandbox, ses)
    with pytest.raises(ClientError) as exc:
        _send(ses, ["success@simulator.amazonses.com"], ConfigurationSetName="missing")
    assert code(exc) == "NotFoundException"
    with pytest.raises(ClientError) as exc:
        _send(ses, ["someone@gmail.com"])  # the account is still in the SES sandbox
    assert code(exc) == "MessageRejected"
    ses.create_configuration_set(ConfigurationSetName="paused", SendingOptions={"SendingEnabled": False})
    with pytest.raises(ClientError) as exc:
        _send(ses, ["success@simulator.amazonses.com"], ConfigurationSetName="paused")
    assert code(exc) == "SendingPausedException"
    assert _send(ses, ["success@simulator.amazonses.com"])["MessageId"]


def test_simulator_events_reach_cloudwatch_per_domain(clean_sandbox, ses):
    _verified_domain(clean_sandbox, ses)
    ses.create_configuration_set(ConfigurationSetName="tracking", ReputationOptions={"ReputationMetricsEnabled": True})
    ses.create_configuration_set_event_destination(ConfigurationSetName="tracking", EventDestinationName="cw", EventDestination=CLOUDWATCH)
    _send(ses, ["success@simulator.amazonses.com", "bounce@simulator.amazonses.com", "complaint@simulator.amazonses.com"], ConfigurationSetName="tracking")
    cloudwatch = clean_sandbox.client("cloudwatch")
    metrics = cloudwatch.list_metrics(Namespace="AWS/SES")["Metrics"]
    by_name = {}
    for metric in metrics:
        by_name.setdefault(metric["MetricName"], []).append(metric["Dimensions"])
    for name in ("Send", "Delivery", "Bounce", "Complaint"):
        assert by_name[name] == [[{"Name": "ses:from-domain", "Value": "example.com"}]], name
    import datetime

    end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=1)
    stats = cloudwatch.get_metric_statistics(
        Namespace="AWS/SES",
        MetricName="Delivery",
        Dimensions=[{"Name": "ses:from-domain", "Value": "example.com"}],
        StartTime=end - datetime.timedelta(hours=1),
        EndTime=end,
        Period=3600,
        Statistics=["Sum"],
    )
    assert stats["Datapoints"][0]["Sum"] == 2.0
    reputation = cloudwatch.list_metrics(Namespace="AWS/SES", MetricName="Reputation.ComplaintRate")["Metrics"]
    assert reputation == [], "mailbox-simulator mail must not count towards reputation"
    clean_sandbox.feedback("tracking", "example.com", sends=1000, bounces=20, complaints=4)
    rate = cloudwatch.get_metric_statistics(
        Namespace="AWS/SES",
        MetricName="Reputation.ComplaintRate",
        Dimensions=[{"Name": "ses:configuration-set", "Value": "tracking"}],
        StartTime=end - datetime.timedelta(hours=1),
        EndTime=end,
        Period=3600,
        Statistics=["Maximum"],
    )
    assert abs(rate["Datapoints"][0]["Maximum"] - 0.004) < 1e-9
    complaints = cloudwatch.get_metric_statistics(
        Namespace="AWS/SES",
        MetricName="Complaint",
        Dimensions=[{"Name": "ses:from-domain", "Value": "example.com"}],
        StartTime=end - datetime.timedelta(hours=1),
        EndTime=end,
        Period=3600,
        Statistics=["Sum"],
    )
    assert complaints["Datapoints"][0]["Sum"] == 5.0  # 1 from the simulator, 4 from live recipients


def test_default_configuration_set_and_sns_destination(clean_sandbox, ses):
    _verified_domain(clean_sandbox, ses)
    sns = clean_sandbox.client("sns")
    sqs = clean_sandbox.client("sqs")
    topic = sns.create_topic(Name="ses-events")["TopicArn"]
    queue = sqs.create_queue(QueueName="events")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    ses.create_configuration_set(ConfigurationSetName="default")
    ses.create_configuration_set_event_destination(
        ConfigurationSetName="default",
        EventDestinationName="sns",
        EventDestination={"Enabled": True, "MatchingEventTypes": ["BOUNCE"], "SnsDestination": {"TopicArn": topic}},
    )
    ses.put_email_identity_configuration_set_attributes(EmailIdentity="example.com", ConfigurationSetName="default")
    _send(ses, ["bounce@simulator.amazonses.com"])
    messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    assert len(messages) == 1 and '\\"eventType\\": \\"Bounce\\"' in messages[0]["Body"]
