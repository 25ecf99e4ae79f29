{{/* The chart's name, shortened to fit a DNS label. */}}
{{- define "aurora-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's full name: the release name alone when it already contains the chart's name. */}}
{{- define "aurora-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "aurora-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aurora-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "aurora-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "aurora-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "aurora-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "aurora-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* "true" when more than one replica runs or the values ask for it. */}}
{{- define "aurora-operator.leaderElection" -}}
{{- if or (gt (int .Values.replicaCount) 1) .Values.leaderElection.enabled -}}
true
{{- else -}}
false
{{- end -}}
{{- end -}}

{{- define "aurora-operator.leaseName" -}}
{{- include "aurora-operator.fullname" . -}}
{{- end -}}

{{- define "aurora-operator.frameworkIdConfigMap" -}}
{{- default (printf "%s-framework" (include "aurora-operator.fullname" .)) .Values.frameworkIdConfigMap -}}
{{- end -}}

{{/* namespaceRoles as "ns1=r1,r2;ns2=r3", namespaces in name order. */}}
{{- define "aurora-operator.namespaceRoles" -}}
{{- $entries := list -}}
{{- range $namespace, $roles := .Values.namespaceRoles -}}
{{- $entries = append $entries (printf "%s=%s" $namespace (join "," $roles)) -}}
{{- end -}}
{{- join ";" $entries -}}
{{- end -}}

{{- define "aurora-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* What every container of the pod runs under; not configurable, the evaluator depends on it. */}}
{{- define "aurora-operator.containerSecurityContext" -}}
readOnlyRootFilesystem: true
runAsNonRoot: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The AuroraJob and event permissions, granted cluster-wide or in each watched namespace. */}}
{{- define "aurora-operator.jobRules" -}}
- apiGroups: ["aurora.dev"]
  resources: ["aurorajobs"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["aurora.dev"]
  resources: ["aurorajobs/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["aurora.dev"]
  resources: ["aurorajobs/finalizers"]
  verbs: ["update"]
# The scheduler's durable records (AuroraJobState), written before it acts and removed with their AuroraJob.
- apiGroups: ["aurora.dev"]
  resources: ["aurorajobstates"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete", "deletecollection"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
