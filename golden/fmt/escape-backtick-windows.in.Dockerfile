# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
shell ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Invoke-WebRequest -Uri https://example.com/tool.zip -OutFile C:\tool.zip ; `
    Expand-Archive C:\tool.zip -DestinationPath C:\tool ; `
        Remove-Item C:\tool.zip -Force
RUN $ErrorActionPreference = 'Stop'; `
    if (-not (Test-Path C:\tools)) { New-Item -ItemType Directory C:\tools | Out-Null }
ENV TOOL_HOME C:\tool
workdir C:\app
COPY app\ C:\app\
