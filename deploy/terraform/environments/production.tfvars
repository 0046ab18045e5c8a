# production: who may call and administer the service. deploy.yml applies with this file, so a
# merge never drops these bindings. Replace the examples with your principals.
invokers = [
  "serviceAccount:ops-app@example-project.iam.gserviceaccount.com",
]
admins = [
  "deployer@example-project.iam.gserviceaccount.com",
]
