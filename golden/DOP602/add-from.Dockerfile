FROM alpine:3.20 AS build
RUN echo x > /x
FROM alpine:3.20
ADD --from=bulid /x /x
