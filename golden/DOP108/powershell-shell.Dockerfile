FROM mcr.microsoft.com/powershell:lts-debian-12
RUN apt-get update && apt-get install -y git
SHELL ["pwsh", "-Command"]
RUN rm -rf /var/lib/apt/lists/*
