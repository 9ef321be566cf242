{{/*
Names and labels follow the `helm create` conventions. The per-service helpers take a
"component": a dict {root, key, name, consumes, values} that every per-service template builds
while ranging over charts-vibe.services.
*/}}

{{/* Expand the name of the chart. */}}
{{- define "charts-vibe.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name. Truncated at 63 characters because some
Kubernetes name fields are limited to that; a release name that contains the chart name is
used as is.
*/}}
{{- define "charts-vibe.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Chart name and version as used by the chart label. */}}
{{- define "charts-vibe.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Common labels. */}}
{{- define "charts-vibe.labels" -}}
helm.sh/chart: {{ include "charts-vibe.chart" . }}
{{ include "charts-vibe.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: charts-vibe
{{- end }}

{{/* Selector labels. */}}
{{- define "charts-vibe.selectorLabels" -}}
app.kubernetes.io/name: {{ include "charts-vibe.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The services, in one place: values key, service name (SERVICE_NAME in the service's
config.ts), and the topic it consumes (its KEDA trigger). The scraper consumes nothing.
*/}}
{{- define "charts-vibe.services" -}}
- { key: scraper, name: scraper, consumes: "" }
- { key: chartProcessor, name: chart-processor, consumes: chart.scraped }
- { key: trackSearch, name: track-search, consumes: track.requested }
- { key: playlist, name: playlist, consumes: job.completed }
{{- end }}

{{/* Full name of a service's resources: <fullname>-<service>. Takes a component. */}}
{{- define "charts-vibe.componentFullname" -}}
{{- printf "%s-%s" (include "charts-vibe.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of a service's resources. Takes a component. */}}
{{- define "charts-vibe.componentLabels" -}}
{{ include "charts-vibe.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* Selector labels of a service's pods. Takes a component. */}}
{{- define "charts-vibe.componentSelectorLabels" -}}
{{ include "charts-vibe.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* The name of a service's ServiceAccount. Takes a component. */}}
{{- define "charts-vibe.serviceAccountName" -}}
{{- if .values.serviceAccount.create }}
{{- default (include "charts-vibe.componentFullname" .) .values.serviceAccount.name }}
{{- else }}
{{- default "default" .values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image reference. */}}
{{- define "charts-vibe.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The consumer group a service is configured with (KAFKA_GROUP_ID). Takes a component.
*/}}
{{- define "charts-vibe.configuredGroup" -}}
{{- default (printf "%s%s" .root.Values.kafka.topicPrefix .name) .values.consumerGroup }}
{{- end }}

{{/*
The consumer group the service really joins: the NestJS Kafka transport appends `-server`
to the configured group id (NEST_KAFKA_SERVER_POSTFIX / consumerGroupIdOf() in
libs/shared/src/kafka/transport.ts; tests/helm checks the two agree). KEDA must watch this one.
*/}}
{{- define "charts-vibe.joinedGroup" -}}
{{- printf "%s-server" (include "charts-vibe.configuredGroup" .) }}
{{- end }}

{{/* The deployed name of a topic: <kafka.topicPrefix><topic>. Takes [root, topic]. */}}
{{- define "charts-vibe.topic" -}}
{{- printf "%s%s" (index . 0).Values.kafka.topicPrefix (index . 1) }}
{{- end }}

{{/* Names of the Secrets the chart creates. Take the root context. */}}
{{- define "charts-vibe.secretName.database" -}}{{ include "charts-vibe.fullname" . }}-database{{- end }}
{{- define "charts-vibe.secretName.app" -}}{{ include "charts-vibe.fullname" . }}-credentials{{- end }}
{{- define "charts-vibe.secretName.kafka" -}}{{ include "charts-vibe.fullname" . }}-kafka{{- end }}
{{- define "charts-vibe.configMapName" -}}{{ include "charts-vibe.fullname" . }}-config{{- end }}

{{/*
Credentials other than the database's, as [{env, service (or "" for every service), value,
existingSecret}]: one table drives the Secret the chart creates and every pod's env.
*/}}
{{- define "charts-vibe.credentials" -}}
{{- $v := .Values }}
- { env: API_TOKEN, service: "", value: {{ $v.apiToken.value | toJson }}, existingSecret: {{ $v.apiToken.existingSecret | toJson }} }
- { env: BEATPORT_API_TOKEN, service: scraper, value: {{ $v.beatport.apiToken | toJson }}, existingSecret: {{ $v.beatport.existingSecret | toJson }} }
- { env: YOUTUBE_CLIENT_ID, service: playlist, value: {{ $v.youtube.clientId | toJson }}, existingSecret: {{ $v.youtube.existingSecret | toJson }} }
- { env: YOUTUBE_CLIENT_SECRET, service: playlist, value: {{ $v.youtube.clientSecret | toJson }}, existingSecret: {{ $v.youtube.existingSecret | toJson }} }
- { env: YOUTUBE_REFRESH_TOKEN, service: playlist, value: {{ $v.youtube.refreshToken | toJson }}, existingSecret: {{ $v.youtube.existingSecret | toJson }} }
- { env: YTMUSIC_COOKIES, service: track-search, value: {{ $v.ytmusic.cookies | toJson }}, existingSecret: {{ $v.ytmusic.existingSecret | toJson }} }
{{- end }}

{{/* The credentials the chart stores itself (a value given, no existingSecret). */}}
{{- define "charts-vibe.ownCredentials" -}}
items:
{{- range $c := include "charts-vibe.credentials" . | fromYamlArray }}
{{- if and $c.value (not $c.existingSecret) }}
  - {{ toJson $c }}
{{- end }}
{{- end }}
{{- end }}

{{/* Whether the chart creates the database Secret. */}}
{{- define "charts-vibe.ownsDatabaseSecret" -}}
{{- if and (not .Values.database.existingSecret) .Values.database.url }}true{{ end }}
{{- end }}

{{/* Whether the chart creates the Kafka SASL Secret. */}}
{{- define "charts-vibe.ownsKafkaSecret" -}}
{{- if and .Values.kafka.sasl.enabled (not .Values.kafka.sasl.existingSecret) }}true{{ end }}
{{- end }}

{{/*
DATABASE_URL as env entries: from a Secret (existing or the chart's), or assembled in the pod
from parts with the password read from passwordSecret (Kubernetes expands $(VAR) references
to variables defined earlier in the list). Takes the root context.
*/}}
{{- define "charts-vibe.databaseEnv" -}}
{{- $db := .Values.database }}
{{- if $db.existingSecret }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $db.existingSecret }}
      key: {{ $db.existingSecretKey }}
{{- else if $db.url }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "charts-vibe.secretName.database" . }}
      key: DATABASE_URL
{{- else }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $db.passwordSecret.name }}
      key: {{ $db.passwordSecret.key }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DATABASE_PASSWORD)@%s:%v/%s%s" $db.user $db.host $db.port $db.name (ternary (printf "?%s" $db.params) "" (ne $db.params "")) | quote }}
{{- end }}
{{- end }}

{{/* Kafka SASL/TLS settings as env entries (every service and Job). Takes the root context. */}}
{{- define "charts-vibe.kafkaSecurityEnv" -}}
{{- $k := .Values.kafka }}
{{- if $k.sasl.enabled }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ $k.sasl.username | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default (include "charts-vibe.secretName.kafka" .) $k.sasl.existingSecret }}
      key: {{ ternary $k.sasl.existingSecretPasswordKey "password" (ne $k.sasl.existingSecret "") }}
{{- end }}
{{- if $k.tls.enabled }}
- name: KAFKA_SSL
  value: "true"
{{- if $k.tls.caSecret }}
- name: KAFKA_SSL_CA_FILE
  value: /etc/charts-vibe/kafka-ca/{{ $k.tls.caKey }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Every env entry of a service's container (also used by the scrape CronJobs): the service's
identity, the database (unless the component says `noDatabase`), Kafka security, its
credentials, then its own env map and extraEnv. The own env may override a shared ConfigMap
setting, but not a variable the chart derives from other values: that fails with the value
to set instead. Takes a component.
*/}}
{{- define "charts-vibe.componentEnv" -}}
{{- $root := .root -}}
{{- $derived := dict "OTEL_SERVICE_NAME" "the service's name" "KAFKA_GROUP_ID" (printf "%s.consumerGroup" .key) "DATABASE_URL" "database.*" "DATABASE_PASSWORD" "database.passwordSecret" "KAFKA_SASL_MECHANISM" "kafka.sasl.*" "KAFKA_SASL_USERNAME" "kafka.sasl.*" "KAFKA_SASL_PASSWORD" "kafka.sasl.*" "KAFKA_SSL" "kafka.tls.*" "KAFKA_SSL_CA_FILE" "kafka.tls.*" "API_TOKEN" "apiToken.*" "BEATPORT_API_TOKEN" "beatport.*" "YOUTUBE_CLIENT_ID" "youtube.*" "YOUTUBE_CLIENT_SECRET" "youtube.*" "YOUTUBE_REFRESH_TOKEN" "youtube.*" "YTMUSIC_COOKIES" "ytmusic.*" }}
{{- range $name, $_ := .values.env }}
{{- if hasKey $derived $name }}
{{- fail (printf "%s.env.%s: the chart sets %s from %s; set that instead" $.key $name $name (get $derived $name)) }}
{{- end }}
{{- end -}}
- name: OTEL_SERVICE_NAME
  value: {{ .name | quote }}
{{- if .consumes }}
- name: KAFKA_GROUP_ID
  value: {{ include "charts-vibe.configuredGroup" . | quote }}
{{- end }}
{{- if not .noDatabase }}
{{- include "charts-vibe.databaseEnv" $root }}
{{- end }}
{{- include "charts-vibe.kafkaSecurityEnv" $root }}
{{- range $c := include "charts-vibe.credentials" $root | fromYamlArray }}
{{- if or (eq $c.service "") (eq $c.service $.name) }}
{{- if $c.existingSecret }}
- name: {{ $c.env }}
  valueFrom:
    secretKeyRef:
      name: {{ $c.existingSecret }}
      key: {{ $c.env }}
{{- else if $c.value }}
- name: {{ $c.env }}
  valueFrom:
    secretKeyRef:
      name: {{ include "charts-vibe.secretName.app" $root }}
      key: {{ $c.env }}
{{- end }}
{{- end }}
{{- end }}
{{- range $name, $value := .values.env }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- with .values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* envFrom of every service container: the shared ConfigMap, then the service's own. */}}
{{- define "charts-vibe.componentEnvFrom" -}}
- configMapRef:
    name: {{ include "charts-vibe.configMapName" .root }}
{{- with .values.extraEnvFrom }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Volumes every pod has: a writable /tmp, and the Kafka CA when configured. */}}
{{- define "charts-vibe.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret }}
    items:
      - key: {{ .Values.kafka.tls.caKey }}
        path: {{ .Values.kafka.tls.caKey }}
{{- end }}
{{- end }}

{{- define "charts-vibe.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret }}
- name: kafka-ca
  mountPath: /etc/charts-vibe/kafka-ca
  readOnly: true
{{- end }}
{{- end }}

{{/*
Pod annotations that roll the pods when the shared config or a Secret the chart creates
changes (env set inline in the pod template rolls them by itself). Takes the root context.
*/}}
{{- define "charts-vibe.checksumAnnotations" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
checksum/secrets: {{ include (print .Template.BasePath "/secrets.yaml") . | sha256sum }}
{{- end }}

{{/*
Fails the render when an autoscaler may run more consumers than the topic has partitions:
the extra replicas would join the group and sit idle. Takes [component, max, key].
*/}}
{{- define "charts-vibe.checkReplicasWithinPartitions" -}}
{{- $c := index . 0 }}
{{- $max := index . 1 | int }}
{{- $key := index . 2 }}
{{- $partitions := $c.root.Values.kafka.topicPartitions | int }}
{{- if and $c.consumes (gt $max $partitions) }}
{{- fail (printf "%s.%s (%d) exceeds kafka.topicPartitions (%d): %s has %d partitions, so at most %d %s replicas get work and the rest would sit idle; lower %s.%s or raise kafka.topicPartitions" $c.key $key $max $partitions (include "charts-vibe.topic" (list $c.root $c.consumes)) $partitions $partitions $c.name $c.key $key) }}
{{- end }}
{{- end }}

{{/*
Checks across values that values.schema.json cannot express; a bad combination stops the
render with a message naming the values. Included once, by configmap.yaml.
*/}}
{{- define "charts-vibe.validate" -}}
{{- $sasl := .Values.kafka.sasl }}
{{- if and $sasl.enabled (not $sasl.username) }}
{{- fail "kafka.sasl.enabled needs kafka.sasl.username" }}
{{- end }}
{{- if and $sasl.enabled (not $sasl.existingSecret) (not $sasl.password) }}
{{- fail "kafka.sasl.enabled needs kafka.sasl.password or kafka.sasl.existingSecret" }}
{{- end }}
{{- $yt := .Values.youtube }}
{{- if not $yt.existingSecret }}
{{- $given := compact (list $yt.clientId $yt.clientSecret $yt.refreshToken) }}
{{- if and $given (lt (len $given) 3) }}
{{- fail "youtube.clientId, youtube.clientSecret and youtube.refreshToken go together: set all three (or youtube.existingSecret), or none for file output" }}
{{- end }}
{{- end }}
{{- end }}
