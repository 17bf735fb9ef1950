FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /source
COPY . .
RUN dotnet restore
RUN dotnet publish -c Release -o /app --no-restore
