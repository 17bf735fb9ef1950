FROM mcr.microsoft.com/powershell:lts-debian-bookworm
SHELL ["pwsh", "-Command"]
RUN New-Item -ItemType Directory -Path /app
RUN Set-Content -Path /app/version.txt -Value 1.0
