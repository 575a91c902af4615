// sr4j web page: upload → job → poll → compare (images) or play (videos) → download. Plain browser JavaScript, no build step,
// nothing loaded from elsewhere. Every API call goes through api(), which adds the key when one is set.
'use strict';

const $ = (id) => document.getElementById(id);
const VIDEO_NAME = /\.(mp4|m4v|mkv|webm|mov|avi|ts|mts|m2ts|flv|ogv)$/i;
const state = { file: null, video: false, models: null, job: null, timer: null, resultUrl: null, beforeUrl: null,
  key: sessionStorage.getItem('sr4j-key') || '', zoom: 1, x: 0, y: 0, fit: 1, width: 0, height: 0 };

function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  if (state.key) headers.set('Authorization', 'Bearer ' + state.key);
  return fetch(path, { ...options, headers });
}

async function errorText(response) {
  try {
    const body = await response.json();
    if (body && body.error) return body.error.message;
  } catch (e) { /* not JSON */ }
  return 'HTTP ' + response.status;
}

function say(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

async function loadModels() {
  const response = await api('api/v1/models');
  if (response.status === 401) {
    $('key-box').hidden = false;
    say('Enter the API key to continue.', true);
    return;
  }
  if (!response.ok) { say(await errorText(response), true); return; }
  $('key-box').hidden = true;
  const body = await response.json();
  state.models = body;
  const select = $('model');
  select.innerHTML = '';
  // The empty choice lets the quality tier pick the network for the scale (the server's default
  // when it names no model).
  const byTier = document.createElement('option');
  byTier.value = '';
  byTier.textContent = 'by quality tier';
  byTier.selected = !body.defaultModel;
  select.appendChild(byTier);
  if (body.defaultQuality) $('quality').value = body.defaultQuality;
  for (const m of body.models) {
    const option = document.createElement('option');
    option.value = m.id;
    const scale = m.scale === 0 ? 'any' : '×' + m.scale;
    option.textContent = m.id + ' (' + scale + (m.installed ? '' : ', fetched on first use') + ')';
    if (m.id === body.defaultModel) option.selected = true;
    select.appendChild(option);
  }
  showDiffusionFields();
  say('');
}

/** True when the chosen model, or a model the pipeline text names, is a diffusion model (it takes steps, seed, sampler). */
function diffusionChosen() {
  if (!state.models) return false;
  const diffusion = state.models.models.filter((m) => m.family === 'diffusion').map((m) => m.id);
  const pipeline = $('pipeline').value.trim();
  return pipeline !== '' ? diffusion.some((id) => pipeline.includes(id)) : diffusion.includes($('model').value);
}

function showDiffusionFields() {
  const on = diffusionChosen();
  for (const e of document.querySelectorAll('.diffusion-only')) e.hidden = !on;
}

function chooseFile(file) {
  if (!file) return;
  state.file = file;
  const wasVideo = state.video;
  state.video = file.type.startsWith('video/') || VIDEO_NAME.test(file.name);
  $('file-name').textContent = file.name + ' · ' + Math.round(file.size / 1024) + ' KB'
    + (state.video ? ' · video: runs as a job, sound kept' : '');
  for (const e of document.querySelectorAll('.video-only')) e.hidden = !state.video;
  for (const e of document.querySelectorAll('.image-only')) e.hidden = state.video;
  // A video starts with the server's video model (and an image with the image one) when the kind
  // changes; the user may still pick another.
  if (state.models && wasVideo !== state.video) {
    $('model').value = state.video && state.models.defaultVideoModel ? state.models.defaultVideoModel
      : state.models.defaultModel || '';
    showDiffusionFields();
  }
  $('go').disabled = false;
}

async function start() {
  if (!state.file) return;
  const form = new FormData();
  form.append('file', state.file, state.file.name);
  // A pipeline spec says what model, scale, denoise and the extra stages say, and more: it replaces them.
  const stages = $('pipeline').value.trim() !== ''
    ? { pipeline: 'pipeline', quality: 'quality' }
    : { model: 'model', scale: 'scale', denoise: 'denoise', quality: 'quality', enhance: 'enhance', hdr: 'hdr' };
  const fields = state.video ? { ...stages, format: 'container', codec: 'codec', crf: 'crf', bit_depth: 'bit_depth' }
    : { ...stages, format: 'format' };
  for (const [name, id] of Object.entries(fields)) {
    if ($(id).value !== '') form.append(name, $(id).value);
  }
  if ($('pipeline').value.trim() === '' && $('deblur').checked) form.append('deblur', 'true');
  if (diffusionChosen()) {
    for (const name of ['steps', 'seed', 'sampler']) if ($(name).value !== '') form.append(name, $(name).value);
  }
  $('go').disabled = true;
  $('compare-box').hidden = true;
  $('video-box').hidden = true;
  say('Uploading…');
  const response = await api('api/v1/jobs', { method: 'POST', body: form });
  if (!response.ok) {
    const retry = response.headers.get('Retry-After');
    say(await errorText(response) + (retry ? ' (try again in ' + retry + ' s)' : ''), true);
    $('go').disabled = false;
    return;
  }
  state.job = await response.json();
  $('progress').hidden = false;
  $('progress').value = 0;
  $('cancel').hidden = false;
  poll();
}

async function poll() {
  const response = await api('api/v1/jobs/' + state.job.id);
  if (!response.ok) { finish(await errorText(response), true); return; }
  const job = await response.json();
  $('progress').value = job.progress;
  if (job.state === 'queued') say('Waiting for a free worker…');
  else if (job.state === 'running') say('Working… ' + job.progress + ' %'
    + (job.video ? ' of ' + job.video.frames + ' frames' : ''));
  else if (job.state === 'succeeded') { await (job.video ? showVideo(job) : showResult(job)); return; }
  else if (job.state === 'failed') { finish(job.error ? job.error.message : 'failed', true); return; }
  else if (job.state === 'cancelled') { finish('Cancelled.'); return; }
  state.timer = setTimeout(poll, 400);
}

function finish(message, isError = false) {
  clearTimeout(state.timer);
  $('cancel').hidden = true;
  $('progress').hidden = true;
  $('go').disabled = !state.file;
  say(message, isError);
}

async function cancel() {
  if (!state.job) return;
  clearTimeout(state.timer);
  await api('api/v1/jobs/' + state.job.id, { method: 'DELETE' });
  finish('Cancelled.');
}

async function showResult(job) {
  const result = await fetchResult(job);
  if (!result) return;
  const blob = result.blob;
  state.beforeUrl = URL.createObjectURL(state.file);
  $('download').href = state.resultUrl;
  $('download').download = result.name;
  state.width = job.output.width;
  state.height = job.output.height;
  $('sizes').textContent = job.input.width + '×' + job.input.height + ' → ' + job.output.width + '×'
    + job.output.height + ' · ' + (job.pipeline || job.model || 'denoise') + ' · ' + Math.round(blob.size / 1024) + ' KB';
  const after = $('after');
  const loaded = new Promise((resolve) => { after.onload = resolve; after.onerror = resolve; });
  $('before').src = state.beforeUrl;
  after.src = state.resultUrl;
  $('compare-box').hidden = false;
  await loaded;
  state.zoom = 1; state.x = 0; state.y = 0;
  $('zoom').value = '1';
  layout();
  finish('Done: drag the slider to compare, zoom in to look closer.');
  document.body.dataset.result = 'shown';
}

async function fetchResult(job) {
  const response = await api(job.resultUrl.replace(/^\//, ''));
  if (!response.ok) { finish(await errorText(response), true); return null; }
  const blob = await response.blob();
  for (const url of [state.resultUrl, state.beforeUrl]) if (url) URL.revokeObjectURL(url);
  state.resultUrl = URL.createObjectURL(blob);
  state.beforeUrl = null;
  const name = (response.headers.get('Content-Disposition') || '').match(/filename="([^"]+)"/);
  return { blob, name: name ? name[1] : 'sr4j-result' };
}

// A video is played, not compared: the browser may not play every container (MKV), the link always works.
async function showVideo(job) {
  const result = await fetchResult(job);
  if (!result) return;
  $('video-download').href = state.resultUrl;
  $('video-download').download = result.name;
  $('video-result').src = state.resultUrl;
  $('video-sizes').textContent = job.input.width + '×' + job.input.height + ' → ' + job.output.width + '×'
    + job.output.height + ' · ' + job.video.frames + ' frames · ' + (job.pipeline || job.model || 'denoise') + ' · '
    + job.video.codec + ' crf ' + job.video.crf + (job.video.bitDepth === 10 ? ' 10-bit' : '') + ' · ' + Math.round(result.blob.size / 1024) + ' KB';
  $('video-box').hidden = false;
  finish('Done: play it here or download it.');
  document.body.dataset.result = 'video';
}

// Both images share one stage: the result covers the original to the right of the divider.
function layout() {
  const box = $('compare');
  state.fit = Math.min(box.clientWidth / state.width, box.clientHeight / state.height, 1);
  const scale = state.fit * state.zoom;
  const stage = $('stage');
  stage.style.width = state.width + 'px';
  stage.style.height = state.height + 'px';
  stage.style.transform = 'translate(' + state.x + 'px,' + state.y + 'px) scale(' + scale + ')';
  stage.classList.toggle('pixels', scale >= 2);
  const split = $('slider').value;
  $('after').style.clipPath = 'inset(0 0 0 ' + split + '%)';
  $('divider').style.left = split + '%';
  $('divider').style.width = (2 / scale) + 'px';
}

function zoomAt(zoom, cx, cy) {
  const old = state.fit * state.zoom;
  state.zoom = Math.max(1, Math.min(32, zoom));
  const now = state.fit * state.zoom;
  // Keep the point under the cursor where it is.
  state.x = cx - (cx - state.x) * now / old;
  state.y = cy - (cy - state.y) * now / old;
  if (state.zoom === 1) { state.x = 0; state.y = 0; }
  layout();
}

function setUp() {
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    chooseFile(e.dataTransfer.files[0]);
  });
  $('file').addEventListener('change', (e) => chooseFile(e.target.files[0]));
  $('go').addEventListener('click', start);
  $('model').addEventListener('change', showDiffusionFields);
  $('pipeline').addEventListener('input', showDiffusionFields);
  $('cancel').addEventListener('click', cancel);
  $('slider').addEventListener('input', layout);
  $('zoom').addEventListener('change', () => {
    const box = $('compare');
    zoomAt(Number($('zoom').value), box.clientWidth / 2, box.clientHeight / 2);
  });
  const box = $('compare');
  box.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = box.getBoundingClientRect();
    zoomAt(state.zoom * (e.deltaY < 0 ? 1.25 : 0.8), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  let drag = null;
  box.addEventListener('pointerdown', (e) => { drag = { x: e.clientX - state.x, y: e.clientY - state.y }; });
  window.addEventListener('pointerup', () => { drag = null; });
  window.addEventListener('pointermove', (e) => {
    if (!drag || state.zoom === 1) return;
    state.x = e.clientX - drag.x;
    state.y = e.clientY - drag.y;
    layout();
  });
  window.addEventListener('resize', () => { if (state.width) layout(); });
  $('key-save').addEventListener('click', () => {
    state.key = $('api-key').value.trim();
    sessionStorage.setItem('sr4j-key', state.key);
    loadModels();
  });
  loadModels();
}

setUp();
