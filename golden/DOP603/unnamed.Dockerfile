FROM node:20 
RUN npm ci
FROM nginx:1.27-alpine
COPY dist /usr/share/nginx/html
