# syntax=docker/dockerfile:1
FROM alpine:3.19
# dopt: skip
RUN   echo   this   stays    exactly
RUN echo   formatted
# dopt: skip
copy  <<EOF   /etc/app.conf
  key = value
EOF
COPY <<EOF /etc/other.conf
  key = value
EOF
