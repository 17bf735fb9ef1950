FROM nginx:1.25
HEALTHCHECK --interval=30s cmd ["curl","-f","http://localhost/"]
FROM nginx:1.25
healthcheck cmd curl -f http://localhost/ || exit 1
FROM nginx:1.25
HEALTHCHECK none
