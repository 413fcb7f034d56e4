export {
  type PublishedRejectionRow,
  publishedRejectionRow,
  storePublishedRejections,
} from './store-rejections.js';
