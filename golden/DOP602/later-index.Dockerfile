FROM alpine:3.20
COPY --from=1 /x /x
FROM alpine:3.20
RUN echo later
