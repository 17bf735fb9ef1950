FROM php:8.3-cli
WORKDIR /app
COPY . .
RUN composer install --no-dev \
    && rm -f .env auth.json
CMD ["php", "artisan", "serve"]
