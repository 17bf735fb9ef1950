# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
ADD context/config.txt C:/app/config.txt
