# staging: who may call and administer the service. The deploy workflow (deploy-environment.yml)
# applies with this file, so a merge never drops these bindings; it adds the deployer as an invoker
# for its smoke test. Replace the examples with your principals.
invokers = [
  "serviceAccount:ops-app@example-project.iam.gserviceaccount.com",
]
admins = [
  "deployer@example-project.iam.gserviceaccount.com",
]
