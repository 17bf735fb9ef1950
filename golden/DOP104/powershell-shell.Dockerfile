FROM mcr.microsoft.com/powershell:lts-ubi-9
SHELL ["pwsh", "-Command"]
RUN microdnf install -y git
