FROM composer:2
WORKDIR /app
COPY . .
RUN composer install --no-dev --no-scripts --no-autoloader --prefer-dist
RUN composer dump-autoload --optimize
