FROM nginx:1.25
HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost/"]
FROM nginx:1.25
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
FROM nginx:1.25
HEALTHCHECK NONE
