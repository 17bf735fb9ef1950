FROM alpine:3.20
COPY --from=assets /static /srv
