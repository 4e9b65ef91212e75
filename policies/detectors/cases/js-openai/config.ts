export const config = {
  embeddingModel: "text-embedding-3-small", // expect-model: text-embedding-3-small
  retries: 3,
} as const;
