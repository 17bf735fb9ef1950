FROM maven:3.9-eclipse-temurin-21
WORKDIR /build
COPY . .
RUN mvn -B dependency:go-offline
RUN mvn -B package -DskipTests
