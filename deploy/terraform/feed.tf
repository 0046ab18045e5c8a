# The live flights feed (docs/OPERATIONS.md#live-flights-feed-pubsub): schedule systems publish
# the bodies of POST /v1/flights and POST /v1/departures to a topic, and a push subscription
# delivers each message to POST /v1/events/pubsub with an ID token of its own service account,
# which holds the feeder role (LATAM_AUTH_OIDC_FEEDERS, main.tf). The service answers 204 once the
# message is committed (or was seen before: it keeps the message ids), 4xx for a message it will
# never take, 503 when the store is unavailable. Pub/Sub retries anything but a 2xx with growing
# delays; after 5 deliveries the message goes to the dead-letter topic, whose subscription keeps it
# 7 days for inspection and replay.
#
# Order of creation: the subscription needs the service's URL, so it comes after the service; the
# service names only the push service account, never the subscription.

locals {
  # Google's own agent for Pub/Sub in this project: it signs the push tokens and moves messages to
  # the dead-letter topic.
  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_topic" "flight_events" {
  name = "${local.name}-flight-events"
}

# Who may publish: the schedule and departure systems (var.event_publishers).
resource "google_pubsub_topic_iam_member" "publishers" {
  for_each = toset(var.event_publishers)
  topic    = google_pubsub_topic.flight_events.id
  role     = "roles/pubsub.publisher"
  member   = each.value
}

# --- dead letters --------------------------------------------------------------------------------

resource "google_pubsub_topic" "flight_events_dead_letter" {
  name = "${local.name}-flight-events-dead-letter"
}

# Pulled by hand only (gcloud pubsub subscriptions pull): it keeps each dead letter 7 days, the
# most Pub/Sub allows, and never expires for want of pulls (by default a subscription nobody reads
# for 31 days is deleted). A dead letter published while no subscription existed would be lost.
# A pulled message is held back 10 minutes (the longest ack deadline): time to replay it and
# acknowledge it before another pull returns it.
resource "google_pubsub_subscription" "flight_events_dead_letter" {
  name                       = "${local.name}-flight-events-dead-letter"
  topic                      = google_pubsub_topic.flight_events_dead_letter.id
  message_retention_duration = "604800s"
  ack_deadline_seconds       = 600
  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_topic_iam_member" "pubsub_agent_dead_letter" {
  topic  = google_pubsub_topic.flight_events_dead_letter.id
  role   = "roles/pubsub.publisher"
  member = local.pubsub_agent
}

# --- delivery to the service ---------------------------------------------------------------------

# The identity of the push requests: an invoker of this environment's service, and a feeder
# (LATAM_AUTH_OIDC_FEEDERS names its e-mail, which its Google ID tokens carry as verified).
resource "google_service_account" "pusher" {
  account_id   = "${local.name}-push"
  display_name = "latam-ml-infra ${var.environment} Pub/Sub push"
}

resource "google_cloud_run_v2_service_iam_member" "pusher" {
  name     = google_cloud_run_v2_service.service.name
  location = var.region
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.pusher.email}"
}

# Pub/Sub mints the push service account's ID tokens as its service agent.
resource "google_service_account_iam_member" "pubsub_agent_tokens" {
  service_account_id = google_service_account.pusher.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_agent
}

resource "google_pubsub_subscription" "flight_events" {
  name  = "${local.name}-flight-events-push"
  topic = google_pubsub_topic.flight_events.id

  # How long Pub/Sub waits for the answer before delivering again: above Cloud Run's request
  # timeout (30 s), so that a slow commit ends (answered, or cut by Cloud Run) before another
  # delivery of the same message starts.
  ack_deadline_seconds = 60
  # Undelivered messages (the service down, or refusing them) wait 7 days.
  message_retention_duration = "604800s"
  expiration_policy {
    ttl = ""
  }

  push_config {
    push_endpoint = "${google_cloud_run_v2_service.service.uri}/v1/events/pubsub"
    # The standard push envelope (no no_wrapper): the service reads the message id from it.
    oidc_token {
      service_account_email = google_service_account.pusher.email
      # The deterministic URL: the audience of LATAM_AUTH_OIDC_AUDIENCE, which Cloud Run also
      # accepts, whichever of the service's URLs push_endpoint names.
      audience = local.service_url
    }
  }

  # Exponential backoff between deliveries, from 60 s up to 600 s. A 503 counts as a delivery
  # too: the 5 deliveries (after roughly 1, 2, 4 and 8 minutes) ride out about 15 minutes of store
  # outage before a good message is dead-lettered (and must be replayed).
  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.flight_events_dead_letter.id
    max_delivery_attempts = 5
  }
  retry_policy {
    minimum_backoff = "60s"
    maximum_backoff = "600s"
  }

  # The first push already finds the grants it needs.
  depends_on = [
    google_cloud_run_v2_service_iam_member.pusher,
    google_service_account_iam_member.pubsub_agent_tokens,
    google_pubsub_topic_iam_member.pubsub_agent_dead_letter,
    google_pubsub_subscription.flight_events_dead_letter,
  ]
}

# Pub/Sub forwards a message to the dead-letter topic only if its agent may also read the source
# subscription.
resource "google_pubsub_subscription_iam_member" "pubsub_agent_subscriber" {
  subscription = google_pubsub_subscription.flight_events.id
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}
