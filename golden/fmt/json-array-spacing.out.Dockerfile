FROM alpine:3.19
CMD ["nginx", "-g", "daemon off;"]
ENTRYPOINT ["/docker-entrypoint.sh"]
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
VOLUME ["/var/cache/nginx", "/var/log/nginx"]
COPY ["src dir/", "/app/src dir/"]
