# escape=`
FROM python:3.12-windowsservercore-ltsc2022
WORKDIR C:\app
COPY requirements.txt .
RUN pip install `
    -r requirements.txt
