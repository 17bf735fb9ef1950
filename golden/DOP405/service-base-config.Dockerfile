FROM nginx:1.27
COPY nginx.conf /etc/nginx/conf.d/default.conf
