# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY context/config.txt C:/app/config.txt
