# production: who may call and administer the service, and publish to its flights feed. The deploy
# workflow (deploy-environment.yml) applies with this file, so a merge never drops these bindings;
# it adds the deployer as an invoker for its smoke test. Replace the examples with your principals.
invokers = [
  "serviceAccount:ops-app@example-project.iam.gserviceaccount.com",
]
admins = [
  "deployer@example-project.iam.gserviceaccount.com",
]
# Who may act as the service's operator account in an incident (roll back a model, import flights:
# docs/OPERATIONS.md#roll-back), e.g. "group:oncall@example.com".
operators = []
# Who may publish flights and departures to the feed's topic (feed.tf), e.g.
# "serviceAccount:schedules@example-project.iam.gserviceaccount.com".
event_publishers = []
# Cloud Monitoring channels that page the on-call (PagerDuty, SMS), made in Cloud Monitoring first:
# ids such as "projects/P/notificationChannels/N". Empty, page alerts reach only ALERT_EMAIL (a
# plan warns so for production).
page_notification_channels = []
