from mcr.microsoft.com/dotnet/sdk:8.0 as build
WORKDIR /src


COPY *.csproj ./
RUN dotnet restore && \
      dotnet publish -c Release -o /app   
ENV ASPNETCORE_URLS http://+:8080
ENTRYPOINT ["dotnet","app.dll"]
