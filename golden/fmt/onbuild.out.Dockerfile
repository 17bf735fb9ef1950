FROM alpine:3.19
ONBUILD COPY . /app
ONBUILD RUN apk add --no-cache make
ONBUILD ENV A=b
ONBUILD CMD ["make", "build"]
