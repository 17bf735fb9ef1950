FROM mcr.microsoft.com/powershell:alpine-3.17
SHELL ["pwsh", "-NoLogo", "-Command"]
RUN apk add curl
