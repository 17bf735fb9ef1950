# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN mkdir C:\tools
RUN echo 1.0 > C:\tools\version.txt
