{{/* Names, as `helm create` makes them: the release name alone when it already names the chart. */}}
{{- define "blast-radius.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "blast-radius.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "blast-radius.labels" -}}
{{ include "blast-radius.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "blast-radius.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "blast-radius.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "blast-radius.secretName" -}}
{{- default (printf "%s-github" (include "blast-radius.fullname" .)) .Values.github.existingSecret -}}
{{- end -}}

{{- define "blast-radius.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "blast-radius.queued" -}}
{{- if or .Values.redis.url .Values.redis.existingSecret -}}true{{- end -}}
{{- end -}}

{{/*
One pod template for both roles. Call with (dict "root" $ "role" "web"|"worker"|"all").
*/}}
{{- define "blast-radius.podTemplate" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $component := ternary "worker" "web" (eq .role "worker") -}}
metadata:
  labels:
    {{- include "blast-radius.selectorLabels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $component }}
    {{- with $v.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    # a changed server configuration rolls the pods
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    {{- with $v.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "blast-radius.serviceAccountName" $root }}
  # The app talks to GitHub, not to the Kubernetes API.
  automountServiceAccountToken: false
  {{- with $v.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $v.podSecurityContext | nindent 4 }}
  # Finish or cancel running analyses and complete their checks before the pod goes.
  terminationGracePeriodSeconds: 60
  containers:
    - name: {{ $component }}
      image: {{ include "blast-radius.image" $root }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      securityContext:
        {{- toYaml $v.securityContext | nindent 8 }}
      ports:
        - name: http
          containerPort: 3000
          protocol: TCP
      env:
        - name: BLAST_RADIUS_ROLE
          value: {{ .role | quote }}
        - name: HOST
          value: "0.0.0.0"
        - name: PORT
          value: "3000"
        {{- if $v.github.appId }}
        - name: APP_ID
          value: {{ $v.github.appId | quote }}
        {{- else }}
        - name: APP_ID
          valueFrom:
            secretKeyRef:
              name: {{ include "blast-radius.secretName" $root }}
              key: {{ $v.github.appIdKey }}
        {{- end }}
        - name: PRIVATE_KEY_PATH
          value: /etc/argocd-blast-radius/github/{{ $v.github.privateKeyKey }}
        - name: WEBHOOK_SECRET
          valueFrom:
            secretKeyRef:
              name: {{ include "blast-radius.secretName" $root }}
              key: {{ $v.github.webhookSecretKey }}
        {{- with $v.github.enterpriseHost }}
        - name: GHE_HOST
          value: {{ . | quote }}
        - name: GHE_PROTOCOL
          value: {{ $v.github.enterpriseProtocol | quote }}
        {{- end }}
        {{- with $v.github.botLogin }}
        - name: BLAST_RADIUS_BOT_LOGIN
          value: {{ . | quote }}
        {{- end }}
        {{- if $v.redis.existingSecret }}
        - name: REDIS_URL
          valueFrom:
            secretKeyRef:
              name: {{ $v.redis.existingSecret }}
              key: {{ $v.redis.existingSecretKey }}
        {{- else if $v.redis.url }}
        - name: REDIS_URL
          value: {{ $v.redis.url | quote }}
        {{- end }}
        - name: BLAST_RADIUS_CONFIG
          value: /etc/argocd-blast-radius/config/server.yml
        - name: BLAST_RADIUS_REPO_PLUGINS
          value: {{ ternary "allow" "deny" $v.allowRepoPlugins | quote }}
        - name: BLAST_RADIUS_MAX_RUNS
          value: {{ $v.maxConcurrentRuns | quote }}
        - name: LOG_LEVEL
          value: {{ $v.logLevel | quote }}
        - name: LOG_FORMAT
          value: {{ $v.logFormat | quote }}
        # The root filesystem is read-only: everything written goes to the two emptyDirs.
        - name: HOME
          value: /tmp
        - name: TMPDIR
          value: /tmp
        - name: XDG_CACHE_HOME
          value: /cache
        {{- with $v.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      readinessProbe:
        httpGet: { path: /healthz, port: http }
        periodSeconds: 10
      livenessProbe:
        httpGet: { path: /healthz, port: http }
        initialDelaySeconds: 10
        periodSeconds: 20
        failureThreshold: 3
      resources:
        {{- toYaml (ternary $v.worker.resources $v.web.resources (eq .role "worker")) | nindent 8 }}
      volumeMounts:
        - name: github
          mountPath: /etc/argocd-blast-radius/github
          readOnly: true
        - name: config
          mountPath: /etc/argocd-blast-radius/config
          readOnly: true
        - name: tmp
          mountPath: /tmp
        - name: cache
          mountPath: /cache
  volumes:
    - name: github
      secret:
        secretName: {{ include "blast-radius.secretName" $root }}
        # group-readable: the pod's fsGroup owns it, the app runs in that group
        defaultMode: 0440
        items:
          - key: {{ $v.github.privateKeyKey }}
            path: {{ $v.github.privateKeyKey }}
    - name: config
      configMap:
        name: {{ include "blast-radius.fullname" $root }}
    - name: tmp
      emptyDir:
        sizeLimit: {{ $v.tmpSizeLimit }}
    - name: cache
      emptyDir:
        sizeLimit: {{ $v.cacheSizeLimit }}
  {{- with $v.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
