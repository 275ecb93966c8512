export default defineBackground(() => {
  console.info('Loopline background ready');
});
