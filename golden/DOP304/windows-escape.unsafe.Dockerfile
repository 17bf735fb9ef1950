# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
LABEL org.opencontainers.image.authors="Jane ``Doe`` `"JD`" C:\Users\jane `$env:USERNAME"
