# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
MAINTAINER Jane `Doe` "JD" C:\Users\jane $env:USERNAME
