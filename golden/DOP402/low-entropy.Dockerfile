FROM mysql:8.4
RUN mysql --user=root --password=root -e 'SELECT 1' \
    && export DB_PASSWORD=changeme && ./init.sh --token=aaaaaaaaaaaa
