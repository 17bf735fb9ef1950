# syntax=docker/dockerfile:1
FROM alpine:3.19
RUN <<-EOT sh
	set -e
		echo indented with tabs
	EOT
RUN echo after
