FROM debian:bookworm-slim
ARG APP_USER=app
USER $APP_USER
