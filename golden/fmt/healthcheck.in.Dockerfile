FROM nginx:1.25
healthcheck   --interval=30s   --timeout=3s   CMD   curl -f http://localhost/ || exit 1
FROM nginx:1.25
HEALTHCHECK --retries=3 CMD [ "curl","-f","http://localhost/" ]
FROM nginx:1.25
healthcheck   NONE
