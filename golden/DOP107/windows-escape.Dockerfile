# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY node /node
WORKDIR C:\app
RUN npm ci
