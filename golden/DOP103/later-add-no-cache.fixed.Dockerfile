FROM nginx:1.27-alpine
RUN apk add --update openssl && rm -rf /var/cache/apk/*
RUN apk add --no-cache curl
COPY nginx.conf /etc/nginx/nginx.conf
