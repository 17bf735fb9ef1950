FROM nginx:1.27
COPY certs/*.key /etc/nginx/ssl/
COPY .env.production /srv/app/
