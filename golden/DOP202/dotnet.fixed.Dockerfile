FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /source
COPY App.sln Directory.Build.props ./
COPY src/App/App.csproj src/App/
COPY src/Lib/Lib.csproj src/Lib/
RUN dotnet restore
COPY . .
RUN dotnet publish -c Release -o /app --no-restore
