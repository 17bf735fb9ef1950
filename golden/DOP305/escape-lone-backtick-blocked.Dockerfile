# escape=`
FROM debian:bookworm-slim
ARG NAME=config.txt
`
ADD context/$NAME /etc/app/
