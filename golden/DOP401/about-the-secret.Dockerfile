FROM mysql:8.4
ENV MYSQL_ROOT_PASSWORD_FILE=/run/secrets/mysql_root AUTH_URL=https://auth.internal TOKEN_TTL=3600
ENV SECRET_NAME=prod/db PASSWORD_LENGTH=24
