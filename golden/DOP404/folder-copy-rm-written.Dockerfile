FROM php:8.3-cli
WORKDIR /app
COPY . .
RUN cp .env.example .env
RUN php artisan key:generate && php artisan config:cache
RUN rm .env
