# escape=`
FROM debian:bookworm-slim
`
ADD context/config.txt /etc/app/
