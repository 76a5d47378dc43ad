# The Jejaring server image: the web app (`jejaring serve`) and the background worker
# (`jejaring worker`) run from this one image; see compose.yaml and docs/deploy.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    JEJARING_DATA_DIR=/data
# A C compiler builds the engine's native shortest-path kernel (optional, faster).
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir . && apt-get purge -y gcc libc6-dev && apt-get autoremove -y
RUN useradd --create-home jejaring && mkdir -p /data && chown jejaring /data
USER jejaring
VOLUME ["/data"]
EXPOSE 8000
CMD ["jejaring", "serve", "--host", "0.0.0.0", "--port", "8000"]
