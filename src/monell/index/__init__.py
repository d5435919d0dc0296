"""Retrieval: embeddings, the FAISS vector index, hybrid search, incremental updates."""
