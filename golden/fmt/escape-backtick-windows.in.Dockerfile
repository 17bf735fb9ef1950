# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
shell ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Invoke-WebRequest -Uri https://example.com/tool.zip -OutFile C:\tool.zip ; `
    Expand-Archive C:\tool.zip -DestinationPath C:\tool ; `
        Remove-Item C:\tool.zip -Force
ENV TOOL_HOME C:\tool
workdir C:\app
COPY app\ C:\app\
